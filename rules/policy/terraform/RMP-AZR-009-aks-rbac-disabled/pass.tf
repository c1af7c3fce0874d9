resource "azurerm_kubernetes_cluster" "main" {
  name                = "main"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.main.name
  dns_prefix          = "main"

  default_node_pool {
    name       = "system"
    node_count = 2
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

variable "rbac" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "configurable" {
  name                              = "configurable"
  location                          = "westeurope"
  resource_group_name               = azurerm_resource_group.main.name
  dns_prefix                        = "configurable"
  role_based_access_control_enabled = var.rbac

  default_node_pool {
    name       = "system"
    node_count = 1
    vm_size    = "Standard_D2s_v5"
  }
}
