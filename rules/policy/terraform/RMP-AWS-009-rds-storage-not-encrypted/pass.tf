resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "app"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.rds.arn
}

resource "aws_db_instance" "orders_replica" {
  identifier          = "orders-replica"
  replicate_source_db = aws_db_instance.orders.identifier
  instance_class      = "db.t4g.medium"
}

resource "aws_rds_cluster" "legacy_serverless" {
  cluster_identifier = "legacy-serverless"
  engine             = "aurora-mysql"
  engine_mode        = "serverless"
}

variable "encrypted" {
  type = bool
}

resource "aws_rds_cluster" "configurable" {
  cluster_identifier = "configurable"
  engine             = "aurora-postgresql"
  storage_encrypted  = var.encrypted
}
