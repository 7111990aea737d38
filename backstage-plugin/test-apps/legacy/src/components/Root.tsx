import { PropsWithChildren } from 'react';
import {
  Sidebar,
  SidebarItem,
  SidebarPage,
} from '@backstage/core-components';
import AssessmentIcon from '@material-ui/icons/Assessment';
import CategoryIcon from '@material-ui/icons/Category';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarItem icon={CategoryIcon} to="catalog" text="Catalog" />
      <SidebarItem icon={AssessmentIcon} to="stagehand" text="Scorecards" />
    </Sidebar>
    {children}
  </SidebarPage>
);
