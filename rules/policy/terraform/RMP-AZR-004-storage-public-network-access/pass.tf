resource "azurerm_storage_account" "private" {
  name                          = "exampleprivate"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false
}

resource "azurerm_storage_account" "restricted" {
  name                     = "examplerestricted"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  network_rules {
    default_action = "Deny"
    ip_rules       = ["203.0.113.10"]
  }
}

resource "azurerm_storage_account" "separate" {
  name                     = "exampleseparate"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}

resource "azurerm_storage_account_network_rules" "separate" {
  storage_account_id         = azurerm_storage_account.separate.id
  default_action             = "Deny"
  virtual_network_subnet_ids = [azurerm_subnet.app.id]
}
