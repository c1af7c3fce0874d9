resource "aws_vpc" "main" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_vpc" "shared" {
  cidr_block = "10.1.0.0/16"
}

# Logs a subnet of "shared", not the VPC itself.
resource "aws_flow_log" "subnet" {
  subnet_id       = aws_subnet.shared_a.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
