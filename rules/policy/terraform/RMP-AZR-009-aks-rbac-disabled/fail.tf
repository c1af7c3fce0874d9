resource "azurerm_kubernetes_cluster" "main" {
  name                              = "main"
  location                          = "westeurope"
  resource_group_name               = azurerm_resource_group.main.name
  dns_prefix                        = "main"
  role_based_access_control_enabled = false

  default_node_pool {
    name       = "system"
    node_count = 2
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

# azurerm v2 block syntax.
resource "azurerm_kubernetes_cluster" "legacy" {
  name                = "legacy"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.main.name
  dns_prefix          = "legacy"

  role_based_access_control {
    enabled = false
  }

  default_node_pool {
    name       = "system"
    node_count = 1
    vm_size    = "Standard_D2s_v5"
  }
}
