resource "azurerm_storage_account" "data" {
  name                     = "exampledata"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "explicit" {
  name                       = "exampleexplicit"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = true
}

variable "https_only" {
  type = bool
}

resource "azurerm_storage_account" "configurable" {
  name                      = "exampleconfigurable"
  resource_group_name       = azurerm_resource_group.main.name
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = var.https_only
}
