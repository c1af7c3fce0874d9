resource "aws_s3_bucket" "nothing" {
  bucket = "example-nothing"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"

  versioning {
    enabled = false
  }
}

resource "aws_s3_bucket" "suspended" {
  bucket = "example-suspended"
}

# The bucket itself passes (it has a versioning resource); the resource reports its status.
resource "aws_s3_bucket_versioning" "suspended" {
  bucket = aws_s3_bucket.suspended.id

  versioning_configuration {
    status = "Suspended"
  }
}
