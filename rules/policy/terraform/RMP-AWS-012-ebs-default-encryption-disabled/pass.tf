resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

# enabled defaults to true.
resource "aws_ebs_encryption_by_default" "implicit" {
}

variable "ebs_default_encryption" {
  type = bool
}

resource "aws_ebs_encryption_by_default" "configurable" {
  enabled = var.ebs_default_encryption
}
