resource "google_compute_firewall" "ssh" {
  name    = "allow-ssh"
  network = google_compute_network.main.name

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }

  source_ranges = ["10.0.0.0/8", "0.0.0.0/0"]
}

resource "google_compute_firewall" "rdp_range" {
  name      = "allow-rdp-range"
  network   = google_compute_network.main.name
  direction = "INGRESS"

  allow {
    protocol = "tcp"
    ports    = ["80", "3000-4000"]
  }

  source_ranges = ["0.0.0.0/0"]
}

resource "google_compute_firewall" "everything" {
  name    = "allow-everything"
  network = google_compute_network.main.name

  allow {
    protocol = "all"
  }

  source_ranges = ["::/0"]
}
