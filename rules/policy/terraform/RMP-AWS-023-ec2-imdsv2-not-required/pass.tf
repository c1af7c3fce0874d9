resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required"
  }
}

resource "aws_launch_template" "no_metadata" {
  name_prefix = "isolated-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_endpoint = "disabled"
  }
}

# Inherits metadata options from the template.
resource "aws_instance" "from_template" {
  launch_template {
    id      = aws_launch_template.no_metadata.id
    version = "$Latest"
  }
}

variable "tokens" {
  type = string
}

resource "aws_launch_template" "configurable" {
  name_prefix = "configurable-"
  image_id    = "ami-0123456789abcdef0"

  metadata_options {
    http_tokens = var.tokens
  }
}
