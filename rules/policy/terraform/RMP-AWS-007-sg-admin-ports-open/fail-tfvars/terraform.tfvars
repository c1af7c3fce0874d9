# The variable has no default; its value comes from here.
ssh_cidrs = ["198.51.100.0/24", "0.0.0.0/0"]
