resource "aws_cloudtrail" "main" {
  name                       = "main"
  s3_bucket_name             = "example-trail-logs"
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "secondary" {
  name                  = "secondary"
  s3_bucket_name        = "example-trail-logs"
  is_multi_region_trail = false
}
