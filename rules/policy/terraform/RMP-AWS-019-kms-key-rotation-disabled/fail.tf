resource "aws_kms_key" "data" {
  description = "application data"
}

resource "aws_kms_key" "logs" {
  description              = "logs"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = false
}
