resource "aws_security_group" "db" {
  name   = "db"
  vpc_id = aws_vpc.main.id

  ingress {
    description = "PostgreSQL"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "redis" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  from_port         = 6379
  to_port           = 6379
  protocol          = "6"
  ipv6_cidr_blocks  = ["::/0"]
}

variable "search_port" {
  type    = number
  default = 9200
}

resource "aws_vpc_security_group_ingress_rule" "search" {
  security_group_id = aws_security_group.db.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = var.search_port
  to_port           = 9300
  ip_protocol       = "tcp"
}
