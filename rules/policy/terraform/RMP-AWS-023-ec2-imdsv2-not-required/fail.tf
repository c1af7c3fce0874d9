resource "aws_instance" "web" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0123456789abcdef0"
  instance_type = "m6i.large"

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "optional"
  }
}

# The block exists but leaves http_tokens at its default ("optional").
resource "aws_instance" "batch" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  metadata_options {
    http_put_response_hop_limit = 1
  }
}
