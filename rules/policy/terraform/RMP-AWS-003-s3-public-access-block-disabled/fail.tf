resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

# Settings left out default to false: three findings on the resource line.
resource "aws_s3_bucket_public_access_block" "partial" {
  bucket            = "example-partial"
  block_public_acls = true
}

variable "ignore_acls" {
  type    = bool
  default = false
}

resource "aws_s3_account_public_access_block" "account" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = var.ignore_acls
  restrict_public_buckets = true
}
