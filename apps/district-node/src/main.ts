import { bootstrapNode } from '@liandong/node';

void bootstrapNode('district');
