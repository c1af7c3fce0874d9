resource "google_container_cluster" "main" {
  name               = "main"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "partial" {
  name               = "partial"
  location           = "europe-west1"
  initial_node_count = 1

  private_cluster_config {
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.0/28"
  }
}
