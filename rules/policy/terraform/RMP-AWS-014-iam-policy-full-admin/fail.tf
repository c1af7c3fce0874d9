resource "aws_iam_policy" "admin" {
  name = "ci-admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "Everything"
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      }
    ]
  })
}

resource "aws_iam_role_policy" "deployer" {
  name   = "deployer"
  role   = "deployer"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": {
        "Effect": "Allow",
        "Action": ["s3:GetObject", "*:*"],
        "Resource": ["arn:aws:s3:::artifacts/*", "*"]
      }
    }
  EOT
}
