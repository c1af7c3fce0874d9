resource "azurerm_key_vault" "app" {
  name                       = "example-app-kv"
  location                   = "westeurope"
  resource_group_name        = azurerm_resource_group.main.name
  tenant_id                  = data.azurerm_client_config.current.tenant_id
  sku_name                   = "standard"
  purge_protection_enabled   = true
  soft_delete_retention_days = 30
}

variable "purge_protection" {
  type = bool
}

resource "azurerm_key_vault" "configurable" {
  name                     = "example-cfg-kv"
  location                 = "westeurope"
  resource_group_name      = azurerm_resource_group.main.name
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "standard"
  purge_protection_enabled = var.purge_protection
}
