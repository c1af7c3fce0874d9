resource "azurerm_storage_account" "data" {
  name                            = "exampledata"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_container" "private" {
  name                  = "private"
  storage_account_id    = azurerm_storage_account.data.id
  container_access_type = "private"
}

resource "azurerm_storage_container" "default" {
  name               = "default"
  storage_account_id = azurerm_storage_account.data.id
}

variable "public_nested" {
  type = bool
}

resource "azurerm_storage_account" "configurable" {
  name                            = "exampleconfigurable"
  resource_group_name             = azurerm_resource_group.main.name
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = var.public_nested
}
