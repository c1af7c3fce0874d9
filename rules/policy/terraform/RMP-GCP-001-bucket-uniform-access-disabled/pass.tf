resource "google_storage_bucket" "data" {
  name                        = "example-data"
  location                    = "EU"
  uniform_bucket_level_access = true
}

variable "uniform" {
  type = bool
}

resource "google_storage_bucket" "configurable" {
  name                        = "example-configurable"
  location                    = "EU"
  uniform_bucket_level_access = var.uniform
}
