resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.trail.arn
}

variable "multi_region" {
  type = bool
}

resource "aws_cloudtrail" "configurable" {
  name                  = "configurable"
  s3_bucket_name        = "example-trail-logs"
  is_multi_region_trail = var.multi_region
}
