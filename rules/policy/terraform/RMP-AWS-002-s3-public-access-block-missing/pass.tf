resource "aws_s3_bucket" "data" {
  bucket = "example-data"
}

resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = aws_s3_bucket.data.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "replicas" {
  count  = 2
  bucket = "example-replica-${count.index}"
}

resource "aws_s3_bucket_public_access_block" "replicas" {
  count                   = 2
  bucket                  = aws_s3_bucket.replicas[count.index].bucket
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# Linked by the literal bucket name.
resource "aws_s3_bucket" "named" {
  bucket = "example-named"
}

resource "aws_s3_bucket_public_access_block" "named" {
  bucket                  = "example-named"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
