resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-trail-logs"
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

locals {
  validate = true
}

resource "aws_cloudtrail" "local_value" {
  name                       = "local-value"
  s3_bucket_name             = "example-trail-logs"
  enable_log_file_validation = local.validate
}
