resource "google_container_cluster" "main" {
  name               = "main"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "explicit" {
  name               = "explicit"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = false
}
