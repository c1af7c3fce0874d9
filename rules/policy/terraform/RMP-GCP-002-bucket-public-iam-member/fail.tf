resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "uploaders" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectCreator"
  members = [
    "group:uploaders@example.com",
    "allAuthenticatedUsers",
  ]
}

resource "google_storage_bucket_iam_policy" "policy" {
  bucket = google_storage_bucket.site.name
  policy_data = jsonencode({
    bindings = [
      {
        role    = "roles/storage.objectViewer"
        members = ["allUsers"]
      }
    ]
  })
}
