resource "azurerm_key_vault" "app" {
  name                = "example-app-kv"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.main.name
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
}

resource "azurerm_key_vault" "ops" {
  name                     = "example-ops-kv"
  location                 = "westeurope"
  resource_group_name      = azurerm_resource_group.main.name
  tenant_id                = data.azurerm_client_config.current.tenant_id
  sku_name                 = "premium"
  purge_protection_enabled = false
}
