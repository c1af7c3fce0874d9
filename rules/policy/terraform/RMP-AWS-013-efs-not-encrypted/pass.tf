resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
  encrypted      = true
  kms_key_id     = aws_kms_key.efs.arn
}

variable "encrypt" {
  type = bool
}

resource "aws_efs_file_system" "media" {
  creation_token = "media"
  encrypted      = var.encrypt
}
