resource "azurerm_storage_account" "data" {
  name                     = "exampledata"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_0"
}

variable "min_tls" {
  type    = string
  default = "TLS1_1"
}

resource "azurerm_storage_account" "configurable" {
  name                     = "exampleconfigurable"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  min_tls_version          = var.min_tls
}
