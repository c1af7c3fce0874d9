resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_flow_log" "main" {
  vpc_id          = aws_vpc.main.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow.arn
  iam_role_arn    = aws_iam_role.flow.arn
}

resource "aws_vpc" "regional" {
  for_each   = toset(["a", "b"])
  cidr_block = "10.2.0.0/16"
}

resource "aws_flow_log" "regional" {
  for_each             = aws_vpc.regional
  vpc_id               = aws_vpc.regional[each.key].id
  traffic_type         = "REJECT"
  log_destination      = "arn:aws:s3:::example-flow-logs"
  log_destination_type = "s3"
}
