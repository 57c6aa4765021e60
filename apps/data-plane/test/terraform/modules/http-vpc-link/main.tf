# An HTTP API reaching a private backend as a platform team declares it: a VPC link (its targets named by the
# portico:targets tag, Portico's stand-in for the load balancer behind it), an HTTP_PROXY integration through it to
# an ALB listener, a route and an auto-deploying $default stage.
# The AWS provider and the endpoint/access_key/secret_key variables come from the test harness
# (libs/testing/terraform writes portico-provider.tf beside a module without a provider block).
variable "targets" { type = string }

resource "aws_apigatewayv2_vpc_link" "orders" {
  name               = "orders"
  subnet_ids         = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
  security_group_ids = ["sg-0123abcd"]
  tags               = { "portico:targets" = var.targets, team = "orders" }
}

resource "aws_apigatewayv2_api" "this" {
  name          = "tf-private"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "orders" {
  api_id             = aws_apigatewayv2_api.this.id
  integration_type   = "HTTP_PROXY"
  integration_method = "ANY"
  integration_uri    = "arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/orders-alb/50dc6c495c0c9188/0467ef3c8400ae65"
  connection_type    = "VPC_LINK"
  connection_id      = aws_apigatewayv2_vpc_link.orders.id
}

resource "aws_apigatewayv2_route" "orders" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "ANY /orders/{proxy+}"
  target    = "integrations/${aws_apigatewayv2_integration.orders.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true
  depends_on  = [aws_apigatewayv2_route.orders]
}

output "api_id" { value = aws_apigatewayv2_api.this.id }
output "vpc_link_id" { value = aws_apigatewayv2_vpc_link.orders.id }
output "vpc_link_arn" { value = aws_apigatewayv2_vpc_link.orders.arn }
