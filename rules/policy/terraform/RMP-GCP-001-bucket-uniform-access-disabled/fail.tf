resource "google_storage_bucket" "data" {
  name     = "example-data"
  location = "EU"
}

resource "google_storage_bucket" "media" {
  name                        = "example-media"
  location                    = "EU"
  uniform_bucket_level_access = false
}
