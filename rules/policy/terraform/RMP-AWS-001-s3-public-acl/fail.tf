resource "aws_s3_bucket" "site" {
  bucket = "example-public-site"
  acl    = "public-read"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "example-uploads"
}

resource "aws_s3_bucket_acl" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  acl    = "public-read-write"
}

# A variable with a default is resolved: this ACL is known to be public.
variable "share_acl" {
  type    = string
  default = "authenticated-read"
}

resource "aws_s3_bucket_acl" "shared" {
  bucket = "example-shared"
  acl    = var.share_acl
}
