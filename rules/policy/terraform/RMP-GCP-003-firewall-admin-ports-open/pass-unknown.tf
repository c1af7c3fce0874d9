variable "protocol" {
  type = string
}

variable "ports" {
  type = list(string)
}

resource "google_compute_firewall" "unknown_protocol" {
  name    = "unknown-protocol"
  network = google_compute_network.main.name

  allow {
    protocol = var.protocol
    ports    = ["22"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "unknown_ports" {
  name    = "unknown-ports"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = var.ports
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "dynamic_allow" {
  name    = "dynamic-allow"
  network = google_compute_network.main.name

  dynamic "allow" {
    for_each = var.ports
    content {
      protocol = "tcp"
      ports    = [allow.value]
    }
  }

  source_ranges = ["0.0.0.0/0"]
}
