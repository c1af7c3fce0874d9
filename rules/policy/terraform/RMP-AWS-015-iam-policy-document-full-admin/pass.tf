data "aws_iam_policy_document" "app" {
  statement {
    actions   = ["sqs:SendMessage", "sqs:ReceiveMessage"]
    resources = ["arn:aws:sqs:eu-west-1:123456789012:jobs"]
  }

  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

variable "actions" {
  type = list(string)
}

data "aws_iam_policy_document" "unknown" {
  statement {
    actions   = var.actions
    resources = ["*"]
  }
}
