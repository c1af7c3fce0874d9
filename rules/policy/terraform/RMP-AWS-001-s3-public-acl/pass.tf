resource "aws_s3_bucket" "private" {
  bucket = "example-private"
  acl    = "private"
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-logs"
}

resource "aws_s3_bucket_acl" "logs" {
  bucket = aws_s3_bucket.logs.id
  acl    = "log-delivery-write"
}

# No default: the value is unknown and must not be reported.
variable "acl_from_caller" {
  type = string
}

resource "aws_s3_bucket_acl" "caller" {
  bucket = "example-caller"
  acl    = var.acl_from_caller
}

# A reference to another resource's attribute is unknown too.
resource "aws_s3_bucket_acl" "copied" {
  bucket = "example-copied"
  acl    = aws_s3_bucket_acl.logs.acl
}
