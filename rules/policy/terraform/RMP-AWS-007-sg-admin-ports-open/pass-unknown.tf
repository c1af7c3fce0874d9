variable "protocol" {
  type = string
}

variable "port" {
  type = number
}

resource "aws_security_group" "unknown" {
  name = "unknown"

  ingress {
    from_port   = var.port
    to_port     = var.port
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = var.protocol
    cidr_blocks = ["0.0.0.0/0"]
  }

  dynamic "ingress" {
    for_each = var.protocol
    content {
      from_port = 22
    }
  }
}

resource "aws_security_group_rule" "unknown_type" {
  type              = var.protocol
  security_group_id = aws_security_group.unknown.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}
