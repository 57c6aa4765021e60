# A VPC link as a platform team declares one for an NLB (the NLB's targets named by the portico:targets tag), and a
# REST API reaching its private backends through it: by the link's id, and through a stage variable.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "targets" { type = string }

resource "aws_api_gateway_vpc_link" "orders" {
  name        = "orders"
  description = "the orders NLB"
  target_arns = ["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/orders/0123456789abcdef"]
  tags        = { "portico:targets" = var.targets, team = "orders" }
}

resource "aws_api_gateway_rest_api" "this" {
  name = "tf-vpc-link"
  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "orders_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "orders_get" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.orders_get.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "http://orders.internal/orders"
  connection_type         = "VPC_LINK"
  connection_id           = aws_api_gateway_vpc_link.orders.id
}

resource "aws_api_gateway_resource" "staged" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "staged"
}

resource "aws_api_gateway_method" "staged_get" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  resource_id   = aws_api_gateway_resource.staged.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "staged_get" {
  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_resource.staged.id
  http_method             = aws_api_gateway_method.staged_get.http_method
  type                    = "HTTP_PROXY"
  integration_http_method = "GET"
  uri                     = "http://orders.internal/staged"
  connection_type         = "VPC_LINK"
  connection_id           = "$${stageVariables.vpcLinkId}"
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id
  triggers = {
    redeployment = sha1(jsonencode([aws_api_gateway_integration.orders_get.id, aws_api_gateway_integration.staged_get.id]))
  }
  lifecycle {
    create_before_destroy = true
  }
  depends_on = [aws_api_gateway_integration.orders_get, aws_api_gateway_integration.staged_get]
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = "prod"
  variables     = { vpcLinkId = aws_api_gateway_vpc_link.orders.id }
}

output "rest_api_id" { value = aws_api_gateway_rest_api.this.id }
output "vpc_link_id" { value = aws_api_gateway_vpc_link.orders.id }
