resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

resource "aws_sqs_queue" "payments" {
  name                    = "payments"
  sqs_managed_sse_enabled = false
  kms_master_key_id       = aws_kms_key.sqs.arn
}

resource "aws_sqs_queue" "events" {
  name                    = "events"
  sqs_managed_sse_enabled = true
}
