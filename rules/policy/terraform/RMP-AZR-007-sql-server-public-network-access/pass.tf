resource "azurerm_mssql_server" "main" {
  name                          = "example-sql"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = false
}

variable "public_access" {
  type = bool
}

resource "azurerm_mssql_server" "configurable" {
  name                          = "example-sql-cfg"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = "westeurope"
  version                       = "12.0"
  public_network_access_enabled = var.public_access
}
