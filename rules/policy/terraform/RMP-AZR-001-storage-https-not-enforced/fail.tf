resource "azurerm_storage_account" "data" {
  name                       = "exampledata"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = false
}

# azurerm v3 attribute name.
resource "azurerm_storage_account" "legacy" {
  name                      = "examplelegacy"
  resource_group_name       = azurerm_resource_group.main.name
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "LRS"
  enable_https_traffic_only = false
}
