resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

# The VPC id comes from a module output: it may be this VPC, so nothing is reported.
resource "aws_flow_log" "main" {
  vpc_id          = module.network.vpc_id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}
