resource "google_compute_instance" "app" {
  name         = "app"
  machine_type = "e2-small"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }

  metadata = {
    serial-port-enable     = "false"
    block-project-ssh-keys = "true"
  }
}

variable "metadata" {
  type = map(string)
}

resource "google_compute_instance_template" "configurable" {
  name_prefix  = "configurable-"
  machine_type = "e2-medium"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    network = "default"
  }

  metadata = var.metadata
}
