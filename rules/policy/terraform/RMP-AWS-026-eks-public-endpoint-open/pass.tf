resource "aws_eks_cluster" "private" {
  name     = "private"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids              = [aws_subnet.a.id, aws_subnet.b.id]
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_eks_cluster" "restricted" {
  name     = "restricted"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
    public_access_cidrs = ["203.0.113.0/24"]
  }
}

variable "api_cidrs" {
  type = list(string)
}

resource "aws_eks_cluster" "configurable" {
  name     = "configurable"
  role_arn = aws_iam_role.cluster.arn

  vpc_config {
    subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]
    public_access_cidrs = var.api_cidrs
  }
}
