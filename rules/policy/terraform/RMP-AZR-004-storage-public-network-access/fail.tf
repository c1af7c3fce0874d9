resource "azurerm_storage_account" "data" {
  name                     = "exampledata"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "open" {
  name                          = "exampleopen"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "LRS"
  public_network_access_enabled = true

  network_rules {
    default_action = "Allow"
    ip_rules       = ["203.0.113.10"]
  }
}
