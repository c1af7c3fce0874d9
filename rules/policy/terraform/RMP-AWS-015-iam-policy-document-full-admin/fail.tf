data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "ReadArtifacts"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::artifacts/*"]
  }

  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}

variable "admin_actions" {
  type    = list(string)
  default = ["*:*"]
}

data "aws_iam_policy_document" "from_variable" {
  statement {
    effect    = "Allow"
    actions   = var.admin_actions
    resources = ["*"]
  }
}
