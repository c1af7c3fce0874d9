resource "google_storage_bucket_iam_member" "reader" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:cdn@example-project.iam.gserviceaccount.com"
}

resource "google_storage_bucket_iam_binding" "uploaders" {
  bucket  = google_storage_bucket.site.name
  role    = "roles/storage.objectCreator"
  members = ["group:uploaders@example.com"]
}

variable "member" {
  type = string
}

resource "google_storage_bucket_iam_member" "configurable" {
  bucket = google_storage_bucket.site.name
  role   = "roles/storage.objectViewer"
  member = var.member
}

resource "google_storage_bucket_iam_policy" "from_data" {
  bucket      = google_storage_bucket.site.name
  policy_data = data.google_iam_policy.site.policy_data
}
