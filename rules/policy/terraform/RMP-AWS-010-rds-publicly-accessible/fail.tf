resource "aws_db_instance" "reporting" {
  identifier          = "reporting"
  engine              = "postgres"
  instance_class      = "db.t4g.medium"
  allocated_storage   = 20
  storage_encrypted   = true
  publicly_accessible = true
}

variable "expose" {
  type    = bool
  default = true
}

resource "aws_rds_cluster_instance" "reader" {
  identifier          = "reader-1"
  cluster_identifier  = aws_rds_cluster.main.id
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = var.expose
}
