# Every field comes from a variable without default or another resource: nothing is known.
variable "direction" {
  type = string
}

variable "ports" {
  type = list(string)
}

resource "azurerm_network_security_group" "unknown" {
  name                = "unknown"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.main.name

  security_rule {
    name                       = "unknown"
    priority                   = 100
    direction                  = var.direction
    access                     = var.direction
    protocol                   = var.direction
    source_port_range          = "*"
    destination_port_ranges    = var.ports
    source_address_prefixes    = var.ports
    destination_address_prefix = "*"
  }

  dynamic "security_rule" {
    for_each = var.ports
    content {
      name = security_rule.value
    }
  }
}
