resource "aws_efs_file_system" "shared" {
  creation_token = "shared"
}

resource "aws_efs_file_system" "media" {
  creation_token   = "media"
  performance_mode = "maxIO"
  encrypted        = false
}
