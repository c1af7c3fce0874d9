resource "aws_s3_bucket" "legacy" {
  bucket = "example-legacy"

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id

  versioning_configuration {
    status = "Enabled"
  }
}

variable "versioning_status" {
  type    = string
  default = "Enabled"
}

resource "aws_s3_bucket" "configurable" {
  bucket = "example-configurable"
}

resource "aws_s3_bucket_versioning" "configurable" {
  bucket = aws_s3_bucket.configurable.bucket

  versioning_configuration {
    status = var.versioning_status
  }
}
