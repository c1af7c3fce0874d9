resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

# Logs a different bucket into "logs": "data" still has none.
resource "aws_s3_bucket" "reports" {
  bucket = "example-reports"
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = aws_s3_bucket.reports_old.id
  target_bucket = "example-central-logs"
  target_prefix = "reports/"
}
