resource "aws_kms_key" "data" {
  description         = "application data"
  enable_key_rotation = true
}

# Asymmetric signing keys cannot rotate automatically.
resource "aws_kms_key" "signing" {
  description              = "release signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

variable "rotate" {
  type = bool
}

resource "aws_kms_key" "configurable" {
  description         = "configurable"
  enable_key_rotation = var.rotate
}
