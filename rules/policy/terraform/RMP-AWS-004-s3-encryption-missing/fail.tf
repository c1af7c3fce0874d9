resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket" "archive" {
  bucket = "example-archive"
}

# Encrypts a different bucket.
resource "aws_s3_bucket_server_side_encryption_configuration" "data_copy" {
  bucket = aws_s3_bucket.data_copy.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
