resource "azurerm_mssql_server" "main" {
  name                = "example-sql"
  resource_group_name = azurerm_resource_group.main.name
  location            = "westeurope"
  version             = "12.0"
  minimum_tls_version = "1.2"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "00000000-0000-0000-0000-000000000000"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server" "reporting" {
  name                          = "example-sql-reporting"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  version                       = "12.0"
  public_network_access_enabled = true
}
